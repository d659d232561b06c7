import { ApiProperty } from '@nestjs/swagger';

import { type Locale, translate } from '@cascade/i18n';

import { InstructionLanguage, Sex } from '../../reference/index.js';
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

export class TrainerLinkResponseDto {
  @ApiProperty({ description: 'The trainer who trained this one' }) trainerId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null when that trainer is outside your countries' })
  name: string | null;
  @ApiProperty({ nullable: true, type: String }) eventId: string | null;
}

export class TrainerDetailDto extends TrainerResponseDto {
  @ApiProperty({
    description:
      "Certified today: every required requirement of the country's list passed, and not lapsed " +
      '(GET /trainers/:id/certification for the requirements and any other day)',
  })
  certified: boolean;

  @ApiProperty({ type: [TrainerLinkResponseDto] }) trainedBy: TrainerLinkResponseDto[];

  static fromDetail(detail: TrainerDetail, locale: Locale): TrainerDetailDto {
    return {
      ...TrainerResponseDto.from(detail.trainer, locale),
      certified: detail.certification.certified,
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
