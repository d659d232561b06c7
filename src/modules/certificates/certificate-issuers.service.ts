import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { assertCanAccess, type AuthUser, Permission } from '@cascade/auth';
import { AppException, CommonErrorCode } from '@cascade/common';

import { Country } from '../countries/index.js';
import { CertificateIssuer } from './certificate-issuer.entity.js';
import { CertificatesErrorCode } from './certificates-error-code.js';
import type { CertificateIssuerDto } from './dto/certificate-register.dto.js';

/** A signature scan stays small: it is drawn 170 × 56 points, and stored with every change. */
export const MAX_SIGNATURE_BYTES = 200 * 1024;

/** What the officer chose for the signature image: keep the one there is, replace it, or remove it. */
export type SignatureChange = { kind: 'keep' } | { kind: 'remove' } | { kind: 'replace'; image: Buffer };

/** The image's type by its first bytes, whatever the file's name says; null when neither PNG nor JPEG. */
export function signatureType(image: Buffer): 'image/png' | 'image/jpeg' | null {
  if (image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (image.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  return null;
}

/**
 * Who issues a country's certificates — organisation, signatory, signature image — set by the
 * country's officers and printed on certificates issued or reissued from then on (audited).
 */
@Injectable()
export class CertificateIssuersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(user: AuthUser, countryCode: string): Promise<CertificateIssuer | null> {
    await this.assertCountry(user, countryCode);
    return this.dataSource.getRepository(CertificateIssuer).findOneBy({ countryCode });
  }

  /** The signature image as stored, for the settings page's preview. */
  async signature(user: AuthUser, countryCode: string): Promise<{ image: Buffer; type: string } | null> {
    await this.assertCountry(user, countryCode);
    const [row] = await this.dataSource.query<{ image: Buffer | null; type: string | null }[]>(
      'SELECT signature_image AS image, signature_type AS type FROM certificate_issuers WHERE country_code = $1',
      [countryCode],
    );
    return row?.image && row.type ? { image: row.image, type: row.type } : null;
  }

  async save(
    user: AuthUser,
    countryCode: string,
    dto: CertificateIssuerDto,
    signature: SignatureChange,
  ): Promise<CertificateIssuer> {
    await this.assertCountry(user, countryCode);
    let type: string | null = null;
    if (signature.kind === 'replace') {
      type = signatureType(signature.image);
      if (!type || signature.image.length > MAX_SIGNATURE_BYTES) {
        throw new AppException(HttpStatus.BAD_REQUEST, CertificatesErrorCode.SignatureImageInvalid, {
          limit: Math.round(MAX_SIGNATURE_BYTES / 1024),
        });
      }
    }
    return this.dataSource.transaction(async (manager) => {
      const issuer =
        (await manager.findOne(CertificateIssuer, {
          where: { countryCode },
          lock: { mode: 'pessimistic_write' },
        })) ?? manager.create(CertificateIssuer, { countryCode, signatureImage: null, signatureType: null });
      Object.assign(issuer, dto);
      if (signature.kind === 'replace') Object.assign(issuer, { signatureImage: signature.image, signatureType: type });
      if (signature.kind === 'remove') Object.assign(issuer, { signatureImage: null, signatureType: null });
      return manager.save(issuer);
    });
  }

  private async assertCountry(user: AuthUser, countryCode: string): Promise<void> {
    assertCanAccess(user, Permission.CertificatesManage, { countryCode, personal: true });
    if (!(await this.dataSource.getRepository(Country).existsBy({ code: countryCode }))) {
      throw new AppException(HttpStatus.NOT_FOUND, CommonErrorCode.NotFound);
    }
  }
}
