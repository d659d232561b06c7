import type { Readable } from 'node:stream';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { type AuthUser, Permission } from '@cascade/auth';

import { AuditAction, auditBulkWrite } from '../audit/index.js';
import { loadEventAccess } from '../events/index.js';
import { CertificatesRepository } from './certificates.repository.js';
import { type ZipEntry, zipStream } from './zip-stream.js';

/** A name as a file name: without the characters file systems refuse (control characters, slashes, …). */
const fileSafe = (name: string): string =>
  [...name].map((char) => (char < ' ' || '\\/:*?"<>|'.includes(char) ? ' ' : char)).join('');

/**
 * All of an event's certificates in one ZIP, streamed: one PDF read from the database at a
 * time, so a large event's archive never sits in memory. Audited before the first byte leaves,
 * with how many certificates it holds (names stay out of the log).
 */
@Injectable()
export class CertificateArchiveService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CertificatesRepository,
  ) {}

  async eventArchive(user: AuthUser, eventId: string): Promise<{ stream: Readable; fileName: string; files: number }> {
    await loadEventAccess(this.dataSource.manager, user, Permission.CertificatesRead, { eventId }, { personal: true });
    const certificates = await this.repository.listForEvent(eventId);
    const runner = this.dataSource.createQueryRunner();
    try {
      await auditBulkWrite(runner, {
        action: AuditAction.Export,
        entityType: 'certificate',
        entityId: eventId,
        changedFields: [],
        values: { certificates: certificates.length, format: 'zip' },
      });
    } finally {
      await runner.release();
    }
    const repository = this.repository;
    async function* entries(): AsyncGenerator<ZipEntry> {
      for (const certificate of certificates) {
        const stored = await repository.pdf(certificate.id);
        if (!stored) continue; // removed meanwhile: the rest still go
        const holder = fileSafe(certificate.traineeName ?? '')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 100);
        yield {
          name: `${holder ? `${holder} ` : ''}${stored.code}.pdf`,
          data: stored.pdf,
          modifiedAt: new Date(certificate.reissuedAt ?? certificate.issuedAt),
        };
      }
    }
    return {
      stream: zipStream(entries()),
      fileName: `certificates-${eventId.slice(0, 8)}.zip`,
      files: certificates.length,
    };
  }
}
