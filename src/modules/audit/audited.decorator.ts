/** How an entity is audited: which of its fields may have their values written to the log. */
export interface AuditPolicy {
  /** The entity type recorded in the log, e.g. `user`. */
  entityType: string;
  /**
   * Fields whose values are recorded. Every other field (names, contacts, secrets) is
   * recorded by name only, so the log itself holds no personal data.
   */
  values: readonly string[];
}

const policies = new Map<unknown, AuditPolicy>();

/** Marks an entity whose every create, update and delete is written to the audit log. */
export function Audited(policy: AuditPolicy): ClassDecorator {
  return (target) => {
    policies.set(target, policy);
  };
}

export function auditPolicyOf(entityClass: unknown): AuditPolicy | undefined {
  return policies.get(entityClass);
}
