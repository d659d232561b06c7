import { ApiProperty } from '@nestjs/swagger';

import { type Locale, translate } from '@cascade/i18n';

import type { ProgramView, TrainerCertification } from '../certification.types.js';
import { RequirementState } from '../trainer-requirement.entity.js';
import { RequirementChangeKind } from '../trainer-requirement-change.entity.js';

export const requirementStateLabel = (state: RequirementState, locale: Locale) =>
  translate(locale, `enums.requirement_state.${state}`);

export class ProgramRequirementDto {
  @ApiProperty({ example: 'observed' }) code: string;
  @ApiProperty({ description: "The title in the caller's language" }) title: string;
  @ApiProperty({ description: 'The title in each of the five languages' }) titles: Record<Locale, string>;
  @ApiProperty() required: boolean;
  @ApiProperty() position: number;
  @ApiProperty({ nullable: true, type: Number }) deadlineDays: number | null;
}

export class CertificationProgramDto {
  @ApiProperty({ example: 'KG' }) countryCode: string;
  @ApiProperty({ description: 'False while the country has no list: nobody there is certified' }) exists: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'Months without teaching or a refresher to lapse' })
  lapseMonths: number | null;
  @ApiProperty({ type: [ProgramRequirementDto] }) requirements: ProgramRequirementDto[];

  static from(program: ProgramView, locale: Locale): CertificationProgramDto {
    return {
      ...program,
      requirements: program.requirements.map((requirement) => ({ ...requirement, title: requirement.titles[locale] })),
    };
  }
}

export class RequirementChangeDto {
  @ApiProperty({ enum: RequirementChangeKind }) kind: RequirementChangeKind;
  @ApiProperty({ enum: RequirementState, nullable: true }) state: RequirementState | null;
  @ApiProperty({ nullable: true, type: String }) stateLabel: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The day a state took effect' }) effectiveOn: string | null;
  @ApiProperty({ nullable: true, type: String }) previousDeadline: string | null;
  @ApiProperty({ nullable: true, type: String }) deadline: string | null;
  @ApiProperty({ nullable: true, type: String }) eventId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The note, or the reason for an extension' })
  note: string | null;
  @ApiProperty({ description: 'Who made the change' }) actorName: string;
  @ApiProperty() at: string;
}

export class TrainerRequirementDto {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() required: boolean;
  @ApiProperty({ enum: RequirementState }) state: RequirementState;
  @ApiProperty() stateLabel: string;
  @ApiProperty({ nullable: true, type: String }) stateOn: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String }) deadline: string | null;
  @ApiProperty({ description: 'The deadline was extended' }) deadlineExtended: boolean;
  @ApiProperty({ description: 'The deadline passed before the day asked, and the requirement is not passed' })
  overdue: boolean;
  @ApiProperty({ type: [RequirementChangeDto], description: 'State changes and extensions, oldest first' })
  history: RequirementChangeDto[];
}

export class TrainerCertificationDto {
  @ApiProperty() trainerId: string;
  @ApiProperty({ description: 'The day certification was read at' }) on: string;
  @ApiProperty({ description: 'Every required requirement passed by that day, and not lapsed' }) certified: boolean;
  @ApiProperty() requirementsMet: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The day the last required requirement was passed' })
  metOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The last teaching session or refresher, or metOn' })
  lastActiveOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The day certification lapses without more teaching' })
  lapsesOn: string | null;
  @ApiProperty({ nullable: true, type: Number }) lapseMonths: number | null;
  @ApiProperty({ type: [TrainerRequirementDto] }) requirements: TrainerRequirementDto[];
  @ApiProperty() refreshers: { completedOn: string; note: string | null; recordedByName: string }[];

  static from(certification: TrainerCertification, locale: Locale): TrainerCertificationDto {
    const { at } = certification;
    return {
      trainerId: certification.trainerId,
      ...at,
      lapseMonths: certification.lapseMonths,
      requirements: certification.requirements.map((requirement) => ({
        code: requirement.code,
        title: requirement.titles[locale],
        required: requirement.required,
        state: requirement.state,
        stateLabel: requirementStateLabel(requirement.state, locale),
        stateOn: requirement.stateOn,
        note: requirement.note,
        deadline: requirement.deadline,
        deadlineExtended: requirement.deadlineExtended,
        overdue:
          requirement.deadline !== null &&
          requirement.deadline < at.on &&
          requirement.state !== RequirementState.Passed,
        history: requirement.history.map((change) => ({
          ...change,
          stateLabel: change.state ? requirementStateLabel(change.state, locale) : null,
          at: change.at.toISOString(),
        })),
      })),
      refreshers: certification.refreshers,
    };
  }
}
