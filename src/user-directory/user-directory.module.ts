import { Module } from '@nestjs/common';
import { UserDirectoryResolver } from './api/user-directory.resolver';
import { UserDirectory } from './user-directory.service';

/** Names behind user ids, outside the event log (see UserDirectory). */
@Module({
  providers: [UserDirectory, UserDirectoryResolver],
  exports: [UserDirectory],
})
export class UserDirectoryModule {}
