import { ApiProperty } from '@nestjs/swagger';

import { InstructionLanguage, Profession, Sex } from '../../reference/index.js';
import type { Trainee } from '../trainee.entity.js';

export class TraineeConsentDto {
  @ApiProperty({ nullable: true, type: String, description: 'When the consent was recorded' })
  givenAt: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When it was withdrawn; the name and contact are then erased',
  })
  withdrawnAt: string | null;
}

export class TraineeResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String, description: 'null once consent is withdrawn' }) fullName: string | null;
  @ApiProperty({ nullable: true, type: String }) latinName: string | null;
  @ApiProperty({ enum: Sex }) sex: Sex;
  @ApiProperty({ description: "The sex in the caller's language" }) sexLabel: string;
  @ApiProperty({ enum: Profession }) profession: Profession;
  @ApiProperty({ description: "The profession in the caller's language" }) professionLabel: string;
  @ApiProperty({ nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({ example: 'KG' }) countryCode: string;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ nullable: true, type: Number }) birthYear: number | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ enum: InstructionLanguage, nullable: true }) preferredLanguage: InstructionLanguage | null;
  @ApiProperty({ type: TraineeConsentDto }) consent: TraineeConsentDto;
  @ApiProperty({ description: 'Consent was withdrawn: only the anonymous fields remain' }) anonymised: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The trainee this duplicate was merged into; the record is then retired (not listed)',
  })
  mergedIntoId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(trainee: Trainee, labels: { sex: string; profession: string }): TraineeResponseDto {
    // Erased in the database on withdrawal; blanked here too, so no path can show them again.
    const anonymised = trainee.consentWithdrawnAt !== null;
    const kept = <T>(value: T | null): T | null => (anonymised ? null : value);
    return {
      id: trainee.id,
      fullName: kept(trainee.fullName),
      latinName: kept(trainee.latinName),
      sex: trainee.sex,
      sexLabel: labels.sex,
      profession: trainee.profession,
      professionLabel: labels.profession,
      organizationId: trainee.organizationId,
      countryCode: trainee.countryCode,
      regionCode: trainee.regionCode,
      birthYear: kept(trainee.birthYear),
      phone: kept(trainee.phone),
      email: kept(trainee.email),
      preferredLanguage: trainee.preferredLanguage,
      consent: {
        givenAt: trainee.consentGivenAt?.toISOString() ?? null,
        withdrawnAt: trainee.consentWithdrawnAt?.toISOString() ?? null,
      },
      anonymised,
      mergedIntoId: trainee.mergedIntoId,
      createdAt: trainee.createdAt.toISOString(),
      updatedAt: trainee.updatedAt.toISOString(),
    };
  }
}

export class TraineePageDto {
  @ApiProperty({ type: [TraineeResponseDto] }) items: TraineeResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
