import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { UserDirectory } from '../../src/user-directory/user-directory.service';
import { AuditEntry } from './audit-trail.resolver';

/** The names behind an entry's actor and person ids, from the user directory; the entry itself keeps only the ids. */
@Resolver(() => AuditEntry)
export class AuditEntryActorResolver {
  constructor(private readonly directory: UserDirectory) {}

  @ResolveField(() => String, {
    nullable: true,
    description: 'The actor\'s name from the user directory; null when none is recorded, it was erased, or the caller may not read the user directory',
  })
  actorName(@Parent() entry: AuditEntry, @Context() context: object): Promise<string | null> {
    return this.directory.displayNameFor(context, entry.actorId);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'The name of the person behind the actor (for an API key, the person it acts for), as actorName',
  })
  personName(@Parent() entry: AuditEntry, @Context() context: object): Promise<string | null> {
    return entry.personId === null ? Promise.resolve(null) : this.directory.displayNameFor(context, entry.personId);
  }
}
