/**
 * Trainers: the trainers, their certification (requirements as data per country) and the cascade
 * ("trained by") tree.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { CASCADE_DEPTH_LIMIT, type CascadeWalk, cascadeWalkCtes, depthLimitReachedSql } from './cascade-walk.js';
export { CertificationService } from './certification/certification.service.js';
export {
  type CertificationAt,
  certificationAtSql,
  type ProgramView,
  type TrainerCertification,
} from './certification/certification.types.js';
export {
  ExtendDeadlineDto,
  RecordRefresherDto,
  SaveCertificationProgramDto,
  SetRequirementStateDto,
} from './certification/dto/certification-input.dto.js';
export { RequirementState } from './certification/trainer-requirement.entity.js';
export { RequirementChangeKind } from './certification/trainer-requirement-change.entity.js';
export { ListTrainersQueryDto } from './dto/list-trainers-query.dto.js';
export { Trainer, TrainerStatus } from './trainer.entity.js';
export { TrainersModule } from './trainers.module.js';
export { TrainersService } from './trainers.service.js';
