/**
 * Reference data: regions, organizations and the fixed vocabularies.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { Organization } from './organization.entity.js';
export { ReferenceModule } from './reference.module.js';
export { ReferenceService } from './reference.service.js';
export { Region } from './region.entity.js';
export { InstructionLanguage, Profession, Sex } from './vocabulary.js';
