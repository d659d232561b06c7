import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

import { type Locale, translate } from '@cascade/i18n';

import { CERTIFICATE_STATUSES as STATUSES, type CertificateStatus, certificateStatus } from '../certificate-view.js';
import type { CertificateRow } from '../certificates.repository.js';

export class EventParamsDto {
  @ApiProperty() @IsUUID() eventId: string;
}

export class CertificateParamsDto {
  @ApiProperty() @IsUUID() id: string;
}

export class RevokeCertificateDto {
  @ApiProperty({ minLength: 3, maxLength: 500, example: 'Attendance sheet found to be forged' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

/** A certificate as officers and the event's trainers see it. */
export class CertificateResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '7KQ2-9F3M-ABCD-EFGH-JKMN-PQRS-TV' }) code: string;
  @ApiProperty() enrollmentId: string;
  @ApiProperty() traineeId: string;
  @ApiProperty({ nullable: true, type: String }) traineeName: string | null;
  @ApiProperty({ enum: STATUSES }) status: CertificateStatus;
  @ApiProperty({ description: "The status in the caller's language" }) statusLabel: string;
  @ApiProperty() issuedAt: string;
  @ApiProperty({ nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedReason: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When it was last drawn again (a corrected name, another language)',
  })
  reissuedAt: string | null;
  @ApiProperty({ description: 'The language the certificate was made in' }) locale: string;
  @ApiProperty({ example: '/certificates/0b7c…/pdf' }) pdfUrl: string;

  static from(row: CertificateRow, locale: Locale, now = new Date()): CertificateResponseDto {
    const status = certificateStatus(row, now);
    return {
      id: row.id,
      code: row.code,
      enrollmentId: row.enrollmentId,
      traineeId: row.traineeId,
      traineeName: row.traineeName,
      status,
      statusLabel: translate(locale, `enums.certificate_status.${status}`),
      issuedAt: new Date(row.issuedAt).toISOString(),
      expiresAt: row.expiresAt ? new Date(row.expiresAt).toISOString() : null,
      revokedAt: row.revokedAt ? new Date(row.revokedAt).toISOString() : null,
      revokedReason: row.revokedReason,
      reissuedAt: row.reissuedAt ? new Date(row.reissuedAt).toISOString() : null,
      locale: row.locale,
      pdfUrl: `/certificates/${row.id}/pdf`,
    };
  }
}

/** What anyone holding a certificate's code may learn about it: nothing more. */
export class CertificateVerificationDto {
  @ApiProperty({ enum: STATUSES }) status: CertificateStatus;
  @ApiProperty({ description: "The status in the visitor's language" }) statusLabel: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null when the holder has withdrawn consent' })
  traineeName: string | null;
  @ApiProperty() courseTitle: string;
  @ApiProperty({ example: '2025-05-12' }) eventStartDate: string;
  @ApiProperty({ example: '2025-05-15' }) eventEndDate: string;
  @ApiProperty({ example: '2025-05-20' }) issuedOn: string;
  @ApiProperty({ nullable: true, type: String, example: '2028-05-20' }) expiresOn: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) revokedOn: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'Set when this code was replaced by a reissue',
  })
  replacedOn: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'Set when a refresher course renewed the certificate: the new certificate has its own code',
  })
  renewedOn: string | null;
}
