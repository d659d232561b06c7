import { ApiProperty } from '@nestjs/swagger';

import { type Locale, translate } from '@cascade/i18n';

import { InstructionLanguage, Sex } from '../../reference/index.js';
import { CertificationStepKind } from '../certification-step.entity.js';
import { type Trainer, TrainerLevel, TrainerStatus } from '../trainer.entity.js';
import type { TrainerDetail } from '../trainers.service.js';

export const levelLabel = (level: TrainerLevel, locale: Locale) => translate(locale, `enums.trainer_level.${level}`);

export class TrainerResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'Нурлан Тоқтоғулов' }) fullName: string;
  @ApiProperty({ example: 'Nurlan Toktogulov' }) latinName: string;
  @ApiProperty({ enum: Sex }) sex: Sex;
  @ApiProperty({ example: 'KG' }) countryCode: string;
  @ApiProperty({ nullable: true, type: String, example: 'KG-GO' }) regionCode: string | null;
  @ApiProperty({ nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({ enum: TrainerLevel }) level: TrainerLevel;
  @ApiProperty({ description: "The level in the caller's language" }) levelLabel: string;
  @ApiProperty({ enum: TrainerStatus }) status: TrainerStatus;
  @ApiProperty({ description: "The status in the caller's language" }) statusLabel: string;
  @ApiProperty({ enum: InstructionLanguage, isArray: true }) languages: InstructionLanguage[];
  @ApiProperty({ nullable: true, type: String, description: 'The account the trainer signs in with' })
  userId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(trainer: Trainer, locale: Locale): TrainerResponseDto {
    return {
      id: trainer.id,
      fullName: trainer.fullName,
      latinName: trainer.latinName,
      sex: trainer.sex,
      countryCode: trainer.countryCode,
      regionCode: trainer.regionCode,
      organizationId: trainer.organizationId,
      level: trainer.level,
      levelLabel: levelLabel(trainer.level, locale),
      status: trainer.status,
      statusLabel: translate(locale, `enums.trainer_status.${trainer.status}`),
      languages: trainer.languages,
      userId: trainer.userId,
      createdAt: trainer.createdAt.toISOString(),
      updatedAt: trainer.updatedAt.toISOString(),
    };
  }
}

export class CertificationStepResponseDto {
  @ApiProperty({ enum: CertificationStepKind }) step: CertificationStepKind;
  @ApiProperty({ description: "The step in the caller's language" }) stepLabel: string;
  @ApiProperty() done: boolean;
  @ApiProperty({ nullable: true, type: String, example: '2025-05-15' }) completedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) signedOffById: string | null;
  @ApiProperty({ nullable: true, type: String }) signedOffByName: string | null;
  @ApiProperty({ nullable: true, type: String }) eventId: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class TrainerLinkResponseDto {
  @ApiProperty({ description: 'The trainer who trained this one' }) trainerId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null when that trainer is outside your countries' })
  name: string | null;
  @ApiProperty({ nullable: true, type: String }) eventId: string | null;
}

export class TrainerDetailDto extends TrainerResponseDto {
  @ApiProperty({
    type: [CertificationStepResponseDto],
    description: 'The three steps to national trainer, in order, signed off or not',
  })
  certificationSteps: CertificationStepResponseDto[];

  @ApiProperty({
    description:
      'All three steps are signed off. The status does not change by itself: an officer makes the trainer active.',
  })
  eligibleForCertification: boolean;

  @ApiProperty({ type: [TrainerLinkResponseDto] }) trainedBy: TrainerLinkResponseDto[];

  static fromDetail(detail: TrainerDetail, locale: Locale): TrainerDetailDto {
    const steps = Object.values(CertificationStepKind).map((kind): CertificationStepResponseDto => {
      const done = detail.steps.find((step) => step.step === kind);
      return {
        step: kind,
        stepLabel: translate(locale, `enums.certification_step.${kind}`),
        done: done !== undefined,
        completedOn: done?.completedOn ?? null,
        signedOffById: done?.signedOffById ?? null,
        signedOffByName: done?.signedOffBy.displayName ?? null,
        eventId: done?.eventId ?? null,
        note: done?.note ?? null,
      };
    });
    return {
      ...TrainerResponseDto.from(detail.trainer, locale),
      certificationSteps: steps,
      eligibleForCertification: steps.every((step) => step.done),
      trainedBy: detail.trainedBy,
    };
  }
}

export class TrainerPageDto {
  @ApiProperty({ type: [TrainerResponseDto] }) items: TrainerResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
