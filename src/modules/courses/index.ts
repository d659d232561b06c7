/**
 * Courses: courses, their modules and their localized texts.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { Course, type LocalizedText } from './course.entity.js';
export { CourseModule } from './course-module.entity.js';
export { CoursesModule } from './courses.module.js';
export { CoursesService } from './courses.service.js';
export { localized } from './localized-text.js';
