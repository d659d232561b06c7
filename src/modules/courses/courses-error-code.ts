/** Per-field codes (validation.<code>) the courses service answers with. */
export enum CourseFieldCode {
  TitleRequired = 'title_required',
  UnknownModule = 'unknown_module',
  UnknownRefreshedCourse = 'unknown_refreshed_course',
}
