import { Module } from '@nestjs/common';

import { CertificatesModule } from '../../modules/certificates/certificates.module.js';
import { WebLayoutModule } from '../layout/web-layout.module.js';
import { VerifyController } from './verify.controller.js';

@Module({
  imports: [WebLayoutModule, CertificatesModule],
  controllers: [VerifyController],
})
export class VerifyPageModule {}
