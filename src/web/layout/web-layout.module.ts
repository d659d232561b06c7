import { join } from 'node:path';

import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';

import { UsersModule } from '../../modules/users/users.module.js';
import { webRoot } from '../web-root.js';
import { AssetUrls } from './assets.js';
import { LayoutController } from './layout.controller.js';
import { PageRenderer } from './page-renderer.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { WebSession } from './web-session.js';

/** What every area of pages builds on: the layout, the session, asset URLs and the error pages. */
@Module({
  imports: [UsersModule, JwtModule.register({})],
  controllers: [LayoutController],
  providers: [
    { provide: AssetUrls, useFactory: () => new AssetUrls(join(webRoot(), 'public')) },
    PageRenderer,
    WebSession,
    WebExceptionFilter,
  ],
  exports: [AssetUrls, PageRenderer, WebSession, WebExceptionFilter],
})
export class WebLayoutModule {}
