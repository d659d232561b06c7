import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';

/** One file of an archive: its name (UTF-8) and bytes, read only when its turn comes. */
export interface ZipEntry {
  name: string;
  data: Buffer;
  modifiedAt: Date;
}

const UTF8_NAMES = 0x0800;

/** The MS-DOS time and date ZIP stores (two-second steps, local fields read as UTC here). */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/**
 * A ZIP archive written entry by entry as the entries arrive: only the current file is in memory,
 * plus a few dozen bytes per file for the central directory at the end. Files are stored, not
 * compressed: PDFs are compressed already. No ZIP64: under 65,535 files and 4 GiB.
 */
export function zipStream(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>): Readable {
  async function* archive(): AsyncGenerator<Buffer> {
    const directory: Buffer[] = [];
    let offset = 0;
    for await (const entry of entries) {
      const name = Buffer.from(entry.name, 'utf8');
      const { time, date } = dosDateTime(entry.modifiedAt);
      const crc = crc32(entry.data);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4); // version needed: 2.0
      local.writeUInt16LE(UTF8_NAMES, 6);
      local.writeUInt16LE(0, 8); // stored
      local.writeUInt16LE(time, 10);
      local.writeUInt16LE(date, 12);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(entry.data.length, 18);
      local.writeUInt32LE(entry.data.length, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(UTF8_NAMES, 8);
      central.writeUInt16LE(0, 10);
      central.writeUInt16LE(time, 12);
      central.writeUInt16LE(date, 14);
      central.writeUInt32LE(crc, 16);
      central.writeUInt32LE(entry.data.length, 20);
      central.writeUInt32LE(entry.data.length, 24);
      central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE(offset, 42);
      directory.push(central, name);
      offset += local.length + name.length + entry.data.length;
      yield Buffer.concat([local, name]);
      yield entry.data;
    }
    const size = directory.reduce((sum, part) => sum + part.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(directory.length / 2, 8);
    end.writeUInt16LE(directory.length / 2, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(offset, 16);
    yield Buffer.concat([...directory, end]);
  }
  return Readable.from(archive(), { objectMode: false });
}
