import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ example: 'isEmail' }) code: string;
  @ApiProperty({ example: 'must be an email address.' }) message: string;
}

/** The shape of every error answer, documented once for the OpenAPI document. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'validation_failed' }) code: string;
  @ApiProperty({ example: 'Some fields are not valid: see the list of errors.' }) message: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
  @ApiProperty({ example: '5f0c7d1e-3b7a-4c55-9d53-2f8e6a1b9c40' }) requestId: string;
}
