import type { MigrationInterface } from 'typeorm';

import { CreateCountries1795443756309 } from './1795443756309-CreateCountries.js';
import { CreateAccountsAndAuditLog1795444695336 } from './1795444695336-CreateAccountsAndAuditLog.js';
import { CreateRegionsAndOrganizations1795445130614 } from './1795445130614-CreateRegionsAndOrganizations.js';
import { StoreUserCountriesInColumn1795445322847 } from './1795445322847-StoreUserCountriesInColumn.js';
import { CreateTrainingRecords1795445707868 } from './1795445707868-CreateTrainingRecords.js';
import { DeferCourseModulePositionKey1795446000000 } from './1795446000000-DeferCourseModulePositionKey.js';
import { CreateCountryTargets1795448798187 } from './1795448798187-CreateCountryTargets.js';
import { CreateReportExports1795449782701 } from './1795449782701-CreateReportExports.js';
import { AddDuplicateDetection1795452106064 } from './1795452106064-AddDuplicateDetection.js';
import { CreateImports1795452379820 } from './1795452379820-CreateImports.js';
import { AddPdfExportFormat1795452495024 } from './1795452495024-AddPdfExportFormat.js';
import { AddExportAuditAction1795453000000 } from './1795453000000-AddExportAuditAction.js';
import { IndexCertificatesByIssueDate1795460000000 } from './1795460000000-IndexCertificatesByIssueDate.js';
import { IndexTraineesByPhone1795461000000 } from './1795461000000-IndexTraineesByPhone.js';
import { CreateTeachingScopeViews1795470000000 } from './1795470000000-CreateTeachingScopeViews.js';
import { CreateReportViews1795470100000 } from './1795470100000-CreateReportViews.js';
import { ShareRateLimitsAndExportFiles1795473000000 } from './1795473000000-ShareRateLimitsAndExportFiles.js';
import { AddTraineeBlockingKeys1795476000000 } from './1795476000000-AddTraineeBlockingKeys.js';
import { CreateDuplicateQueue1795476000001 } from './1795476000001-CreateDuplicateQueue.js';
import { AddCertificateIssuersAndReplacedCodes1795476300000 } from './1795476300000-AddCertificateIssuersAndReplacedCodes.js';
import { AddEnrollmentWithdrawalReason1795476400000 } from './1795476400000-AddEnrollmentWithdrawalReason.js';
import { LeaveUnchosenLanguagesOpen1795476500000 } from './1795476500000-LeaveUnchosenLanguagesOpen.js';
import { CreateOutboxMessages1795476700000 } from './1795476700000-CreateOutboxMessages.js';
import { AddCertificateRenewals1795476700001 } from './1795476700001-AddCertificateRenewals.js';
import { CreateEventFeedback1795476800000 } from './1795476800000-CreateEventFeedback.js';
import { AddFeedbackToProgressReport1795476800001 } from './1795476800001-AddFeedbackToProgressReport.js';
import { MakeTrainerCertificationData1795476900000 } from './1795476900000-MakeTrainerCertificationData.js';
import { CreatePracticeFollowUp1795477000000 } from './1795477000000-CreatePracticeFollowUp.js';
import { AddPracticeToProgressReport1795477000001 } from './1795477000001-AddPracticeToProgressReport.js';
import { AddValidCertificatesAndCertifiedTrainersToProgressReport1795477100000 } from './1795477100000-AddValidCertificatesAndCertifiedTrainersToProgressReport.js';
import { IndexTraineeNameWords1795477200000 } from './1795477200000-IndexTraineeNameWords.js';
import { CreateRecordRosterFunction1795477400000 } from './1795477400000-CreateRecordRosterFunction.js';
import { CreateImportCheckedRows1795477500000 } from './1795477500000-CreateImportCheckedRows.js';
import { ComputeBlockingKeysInPlpgsql1795477500001 } from './1795477500001-ComputeBlockingKeysInPlpgsql.js';
import { BufferNameWordsIndexInserts1795477500002 } from './1795477500002-BufferNameWordsIndexInserts.js';

// Every migration in the order it was made; `npm run migration:generate` appends here.
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateCountries1795443756309,
  CreateAccountsAndAuditLog1795444695336,
  CreateRegionsAndOrganizations1795445130614,
  StoreUserCountriesInColumn1795445322847,
  CreateTrainingRecords1795445707868,
  DeferCourseModulePositionKey1795446000000,
  CreateCountryTargets1795448798187,
  CreateReportExports1795449782701,
  AddDuplicateDetection1795452106064,
  CreateImports1795452379820,
  AddPdfExportFormat1795452495024,
  AddExportAuditAction1795453000000,
  IndexCertificatesByIssueDate1795460000000,
  IndexTraineesByPhone1795461000000,
  CreateTeachingScopeViews1795470000000,
  CreateReportViews1795470100000,
  ShareRateLimitsAndExportFiles1795473000000,
  AddTraineeBlockingKeys1795476000000,
  CreateDuplicateQueue1795476000001,
  AddCertificateIssuersAndReplacedCodes1795476300000,
  AddEnrollmentWithdrawalReason1795476400000,
  LeaveUnchosenLanguagesOpen1795476500000,
  CreateOutboxMessages1795476700000,
  AddCertificateRenewals1795476700001,
  CreateEventFeedback1795476800000,
  AddFeedbackToProgressReport1795476800001,
  MakeTrainerCertificationData1795476900000,
  CreatePracticeFollowUp1795477000000,
  AddPracticeToProgressReport1795477000001,
  AddValidCertificatesAndCertifiedTrainersToProgressReport1795477100000,
  IndexTraineeNameWords1795477200000,
  CreateRecordRosterFunction1795477400000,
  CreateImportCheckedRows1795477500000,
  ComputeBlockingKeysInPlpgsql1795477500001,
  BufferNameWordsIndexInserts1795477500002,
];
