export enum JobsErrorCode {
  JobNotFound = 'job_not_found',
}
