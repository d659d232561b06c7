import { ApiProperty } from '@nestjs/swagger';

import { type Locale, SUPPORTED_LOCALES } from '@cascade/i18n';

import type { Country } from '../country.entity.js';

export class CountryResponseDto {
  @ApiProperty({ example: 'KG' }) code: string;
  @ApiProperty({ example: 'Kyrgyzstan', description: "The name in the caller's language" }) name: string;
  @ApiProperty({
    example: { en: 'Kyrgyzstan', ru: 'Кыргызстан', ky: 'Кыргызстан', tg: 'Қирғизистон', uk: 'Киргизстан' },
    description: `The name in each of: ${SUPPORTED_LOCALES.join(', ')}`,
  })
  names: Record<Locale, string>;

  static from(country: Country, locale: Locale): CountryResponseDto {
    return { code: country.code, name: country.names[locale] ?? country.names.en, names: country.names };
  }
}
