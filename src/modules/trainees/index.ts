/**
 * Trainee identity: the registry, the name key, the duplicate detector, the officers' queue,
 * merges and their undo.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { CreateTraineeDto } from './dto/create-trainee.dto.js';
export { COUNTRY_CODE, MIN_BIRTH_YEAR } from './dto/trainee-fields.js';
export { recordDistinctPairsInBulk } from './duplicates/distinct-pairs.js';
export { DuplicateDetector, type MatchField } from './duplicates/duplicate-detector.service.js';
export { DuplicatesProcessor } from './duplicates/duplicates.processor.js';
export { DuplicatesService } from './duplicates/duplicates.service.js';
export { MergesService } from './duplicates/merges.service.js';
export { type NameKey, nameKeyOf } from './duplicates/name-key.js';
export { Trainee } from './trainee.entity.js';
export { TraineeExportService } from './trainee-export.service.js';
export { TraineesModule } from './trainees.module.js';
export { latinNameFor, TraineesService } from './trainees.service.js';
