import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';

import { zipStream } from './zip-stream.js';

function* entries() {
  yield {
    name: 'Айгүл Осмонова 7KQ2.pdf',
    data: Buffer.from('%PDF-1 first'),
    modifiedAt: new Date('2025-05-20T10:00:00Z'),
  };
  yield { name: 'Фарзона Ҷӯраева.pdf', data: Buffer.alloc(70_000, 7), modifiedAt: new Date('2025-05-21T11:30:08Z') };
}

describe('zipStream', () => {
  // Python's zipfile checks every CRC and the central directory, as an archive tool would.
  const python = !spawnSync('python3', ['--version']).error;
  (python ? it : it.skip)('writes an archive that unzips to the same files, names in UTF-8', async () => {
    const zip = await buffer(zipStream(entries()));
    const folder = mkdtempSync(join(tmpdir(), 'cascade-zip-'));
    try {
      writeFileSync(join(folder, 'a.zip'), zip);
      const result = spawnSync(
        'python3',
        [
          '-c',
          'import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);assert z.testzip() is None;z.extractall(sys.argv[2]);print("\\n".join(z.namelist()))',
          join(folder, 'a.zip'),
          folder,
        ],
        { encoding: 'utf8' },
      );
      expect(result.stderr).toBe('');
      expect(result.stdout.trim().split('\n')).toEqual(['Айгүл Осмонова 7KQ2.pdf', 'Фарзона Ҷӯраева.pdf']);
      expect(readFileSync(join(folder, 'Фарзона Ҷӯраева.pdf'))).toEqual(Buffer.alloc(70_000, 7));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reads the next entry only once the reader asked for more', async () => {
    let read = 0;
    function* counted() {
      for (let i = 0; i < 100; i++) {
        read++;
        yield { name: `${i}.pdf`, data: Buffer.alloc(100_000), modifiedAt: new Date() };
      }
    }
    const stream = zipStream(counted());
    stream.read(1); // one chunk asked for
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(read).toBeLessThan(5);
    stream.destroy();
  });
});
