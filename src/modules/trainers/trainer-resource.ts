import type { ScopedResource } from '@cascade/auth';

import type { Trainer } from './trainer.entity.js';

/** Who may see a trainer record: officers of its country, the trainer themselves; never donors. */
export const trainerResource = (trainer: Pick<Trainer, 'countryCode' | 'userId'>): ScopedResource => ({
  countryCode: trainer.countryCode,
  trainerUserIds: trainer.userId ? [trainer.userId] : [],
  personal: true,
});
