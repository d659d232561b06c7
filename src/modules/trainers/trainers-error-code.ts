export enum TrainersErrorCode {
  TrainerLinkExists = 'trainer_link_exists',
  TrainerLinkCycle = 'trainer_link_cycle',
  TrainerAccountTaken = 'trainer_account_taken',
  TrainerAccountAdminOnly = 'trainer_account_admin_only',
  NoTrainerRecord = 'no_trainer_record',
  RequirementInUse = 'requirement_in_use',
}
