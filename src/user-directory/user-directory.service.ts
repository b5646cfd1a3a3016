import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '../core/clock';
import { LOGGER, type JsonLogger } from '../core/logger';
import type { Actor } from '../core/envelope';
import { isAllowed } from '../auth/permissions';
import { loaderPerRequest } from '../graphql/request-batch';
import type { RequestContext } from '../graphql/request-context';
import type { CollectionSpec, Doc, Page } from '../read-store/read-store.port';
import { STATE_STORE, type StateStore } from '../state-store/state-store.port';

/**
 * The user directory: who is behind a user id (name, e-mail, organisation). It lives in the state store, apart from the
 * read models, because it is no projection: nothing of it is in the event log, no rebuild replaces it, and erasing a
 * profile removes it for good while the events keep referring to the user by id.
 */
export const USER_DIRECTORY_COLLECTION = 'user_directory';
const USER_DIRECTORY: CollectionSpec = { name: USER_DIRECTORY_COLLECTION };

export interface UserProfileDoc extends Doc {
  /** The user id, as events record it for their actor. */
  id: string;
  displayName: string;
  email: string | null;
  organisation: string | null;
  recordedAt: string;
  updatedAt: string;
}

export interface UserProfileFields {
  userId: string;
  displayName: string;
  email: string | null;
  organisation: string | null;
}

@Injectable()
export class UserDirectory implements OnModuleInit {
  /** Display names by user id, fetched once per GraphQL request for every field that shows a person. */
  private readonly displayNames = loaderPerRequest<string>(async (userIds) => {
    const profiles = await this.store.getMany<UserProfileDoc>(USER_DIRECTORY_COLLECTION, userIds);
    return new Map(profiles.map((profile) => [profile.id, profile.displayName]));
  });

  /**
   * The name behind a user id for a field of a GraphQL answer; null when none is recorded, it was erased, or the
   * caller may not read the directory (a field must not show what `userProfile` would refuse).
   */
  async displayNameFor(context: object, userId: string): Promise<string | null> {
    const { actor } = (context as { request: RequestContext }).request;
    if (!isAllowed('Query.userProfile', actor)) return null;
    return this.displayNames(context).load(userId);
  }

  constructor(
    @Inject(STATE_STORE) private readonly store: StateStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.store.ensureCollection(USER_DIRECTORY);
  }

  get(userId: string): Promise<UserProfileDoc | null> {
    return this.store.get<UserProfileDoc>(USER_DIRECTORY_COLLECTION, userId);
  }

  /** Profiles by user id. */
  list(first: number, after?: string): Promise<Page<UserProfileDoc>> {
    return this.store.find<UserProfileDoc>(USER_DIRECTORY_COLLECTION, { limit: first, after });
  }

  /** Creates the profile or replaces it with the fields given (an e-mail or organisation left out is removed). */
  async record(fields: UserProfileFields, by: Actor, correlationId: string): Promise<UserProfileDoc> {
    const now = this.clock.now().toISOString();
    const { profile, created } = await this.store.transaction(async (session) => {
      const existing = await session.get<UserProfileDoc>(USER_DIRECTORY_COLLECTION, fields.userId);
      const next: UserProfileDoc = {
        id: fields.userId,
        displayName: fields.displayName,
        email: fields.email,
        organisation: fields.organisation,
        recordedAt: existing?.recordedAt ?? now,
        updatedAt: now,
      };
      await session.put(USER_DIRECTORY_COLLECTION, next);
      return { profile: next, created: existing === null };
    });
    // Ids only: the log must not become a second copy of the directory.
    this.logger.write('info', created ? 'user profile created' : 'user profile updated', {
      component: 'user-directory',
      userId: fields.userId,
      by: by.id,
      byRole: by.role,
      correlationId,
    });
    return profile;
  }

  /** Deletes the profile; true when there was one. */
  async erase(userId: string, by: Actor, correlationId: string): Promise<boolean> {
    const erased = await this.store.transaction(async (session) => {
      if ((await session.get(USER_DIRECTORY_COLLECTION, userId)) === null) return false;
      await session.delete(USER_DIRECTORY_COLLECTION, userId);
      return true;
    });
    this.logger.write('info', erased ? 'user profile erased' : 'user profile erasure: no profile recorded', {
      component: 'user-directory',
      userId,
      by: by.id,
      byRole: by.role,
      correlationId,
    });
    return erased;
  }
}
