import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who issues a country's certificates (organisation, signatory, an optional signature image), and
 * the codes of certificates reissued since: a replaced code still answers on the verify page, as
 * "replaced", pointing to the certificate row only (never to a name or the new code).
 */
export class AddCertificateIssuersAndReplacedCodes1795476300000 implements MigrationInterface {
  name = 'AddCertificateIssuersAndReplacedCodes1795476300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "certificate_issuers" ("country_code" character(2) NOT NULL, "organization" character varying(200) NOT NULL, "signatory_name" character varying(200) NOT NULL, "signatory_title" character varying(200) NOT NULL, "signature_image" bytea, "signature_type" character varying(20), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "certificate_issuers_pkey" PRIMARY KEY ("country_code"), CONSTRAINT "certificate_issuers_country_fkey" FOREIGN KEY ("country_code") REFERENCES "countries"("code") ON DELETE CASCADE)`,
    );
    await queryRunner.query(
      `CREATE TABLE "replaced_certificate_codes" ("code" character varying(32) NOT NULL, "certificate_id" uuid NOT NULL, "replaced_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "replaced_certificate_codes_pkey" PRIMARY KEY ("code"), CONSTRAINT "replaced_certificate_codes_certificate_fkey" FOREIGN KEY ("certificate_id") REFERENCES "certificates"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(
      `CREATE INDEX "replaced_certificate_codes_certificate_idx" ON "replaced_certificate_codes" ("certificate_id")`,
    );
    await queryRunner.query(`ALTER TABLE "certificates" ADD "reissued_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "certificates" DROP COLUMN "reissued_at"`);
    await queryRunner.query(`DROP TABLE "replaced_certificate_codes"`);
    await queryRunner.query(`DROP TABLE "certificate_issuers"`);
  }
}
