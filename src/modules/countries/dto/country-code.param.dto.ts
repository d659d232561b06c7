import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class CountryCodeParamDto {
  @ApiProperty({ example: 'KG' })
  @Matches(/^[A-Z]{2}$/)
  code: string;
}
