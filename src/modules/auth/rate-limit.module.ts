import { Module } from '@nestjs/common';

import { RateLimitStorage } from './rate-limit.storage.js';

/** The shared store of the per-IP rate limits, for ThrottlerModule's options factory. */
@Module({ providers: [RateLimitStorage], exports: [RateLimitStorage] })
export class RateLimitModule {}
