/**
 * Trainers: the trainers, their certification steps and the cascade ("trained by") tree.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { CASCADE_DEPTH_LIMIT, type CascadeWalk, cascadeWalkCtes, depthLimitReachedSql } from './cascade-walk.js';
export { Trainer, TrainerStatus } from './trainer.entity.js';
export { TrainersModule } from './trainers.module.js';
export { TrainersService } from './trainers.service.js';
