import { ApiProperty } from '@nestjs/swagger';

import { type Locale, translate } from '@cascade/i18n';

import { TrainerLevel } from '../trainer.entity.js';
import type { Cascade } from '../trainers.service.js';
import { levelLabel } from './trainer.response.dto.js';

export class CascadeNodeDto {
  @ApiProperty({ nullable: true, type: String, description: "null for a trainer outside the caller's countries" })
  id: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The trainer in the tree who trained this one (null for the root). A trainer trained by two trainers of the tree appears once, under one of them, at the nearer generation.',
  })
  parentId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The full name; null when the caller may not see that trainer’s record; "a trainer outside your countries" (in the caller’s language) for one of another country',
  })
  name: string | null;
  @ApiProperty({ enum: TrainerLevel, nullable: true }) level: TrainerLevel | null;
  @ApiProperty({ nullable: true, type: String }) levelLabel: string | null;
  @ApiProperty({ description: '0 for the root, 1 for the trainers the root trained, 2 for those they trained, …' })
  generation: number;
  @ApiProperty({
    description:
      "A trainer (or several) of a country outside the caller's, trained by the node's parent: shown once per parent, without id, level or counts; the walk does not go below it (admins see every country)",
  })
  outsideScope: boolean;
}

export class CascadeGenerationDto {
  @ApiProperty() generation: number;
  @ApiProperty({ description: 'Trainers of this generation' }) trainers: number;
  @ApiProperty({
    description:
      'Distinct trainees who completed (enrollment status completed) an event taught, as lead or co-trainer, by a trainer of this generation',
  })
  traineesReached: number;
  @ApiProperty({ description: 'Trainers of this generation certified today (trainer_certification_at)' })
  certified: number;
}

export class CascadeResponseDto {
  @ApiProperty() rootId: string;
  @ApiProperty({ example: 10, description: 'Generations below the root that are followed at most' })
  depthLimit: number;
  @ApiProperty({ description: 'The tree goes on below the depth limit: counts stop there' })
  depthLimitReached: boolean;
  @ApiProperty({ type: [CascadeNodeDto], description: 'The root first, then generation by generation' })
  nodes: CascadeNodeDto[];
  @ApiProperty({ type: [CascadeGenerationDto] }) generations: CascadeGenerationDto[];
  @ApiProperty({ description: 'Trainers in the tree, the root included' }) trainers: number;
  @ApiProperty({
    description:
      'Distinct trainees reached downstream, over all generations, the root’s own trainees included. A trainee taught in two generations counts once here (and in each generation above).',
  })
  traineesReached: number;
  @ApiProperty({
    example: 3.5,
    description:
      'The multiplier: traineesReached ÷ trainers, i.e. distinct trainees who completed an event taught by anyone in the tree (the root included), per trainer in the tree (the root included). Rounded to two decimals.',
  })
  multiplier: number;

  static from(cascade: Cascade, locale: Locale): CascadeResponseDto {
    return {
      ...cascade,
      nodes: cascade.nodes.map((node) =>
        node.outsideScope
          ? { ...node, name: translate(locale, 'trainers.hidden_trainer'), levelLabel: null }
          : { ...node, levelLabel: node.level === null ? null : levelLabel(node.level, locale) },
      ),
    };
  }
}
