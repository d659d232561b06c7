/** The field's fixed vocabularies (DOMAIN.md), shared by trainers, trainees, events and reports. */

/** The professions trainees come from (DOMAIN.md); reports break indicators down by these. */
export enum Profession {
  ForensicExpert = 'forensic_expert',
  Psychiatrist = 'psychiatrist',
  Psychologist = 'psychologist',
  GeneralPhysician = 'general_physician',
  PrisonMedicalStaff = 'prison_medical_staff',
  DefenseLawyer = 'defense_lawyer',
  Prosecutor = 'prosecutor',
  Judge = 'judge',
  Investigator = 'investigator',
  OmbudsmanStaff = 'ombudsman_staff',
  NgoMonitor = 'ngo_monitor',
}

export enum OrganizationType {
  ForensicBureau = 'forensic_bureau',
  Hospital = 'hospital',
  PenitentiaryHealth = 'penitentiary_health',
  ProsecutorOffice = 'prosecutor_office',
  Court = 'court',
  BarAssociation = 'bar_association',
  InvestigativeCommittee = 'investigative_committee',
  Ombudsman = 'ombudsman',
  Ngo = 'ngo',
  University = 'university',
}

/** As donor indicators are disaggregated (DOMAIN.md): female, male, or not recorded. */
export enum Sex {
  Female = 'female',
  Male = 'male',
  NotRecorded = 'not_recorded',
}

/** Languages of instruction: the five of the interface. */
export enum InstructionLanguage {
  Russian = 'ru',
  Kyrgyz = 'ky',
  Tajik = 'tg',
  Ukrainian = 'uk',
  English = 'en',
}
