import { type Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Doc, Page } from '../read-store/read-store.port';

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

/** Relay-style connection arguments (forward pagination). */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { defaultValue: 20 })
  @IsInt()
  @Min(1)
  @Max(200)
  first = 20;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  after?: string;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount?: number;
}

/** Builds a `<Name>Connection` object type with edges, nodes and pageInfo. */
export function Connection<T>(nodeType: Type<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}

/** Turns a read-store page into a Relay connection: one edge per item, each with its own cursor. */
export function toConnection<D extends Doc, T>(page: Page<D>, toNode: (doc: D) => T): ConnectionShape<T> {
  return {
    edges: page.items.map((doc, i) => ({ cursor: page.cursors[i], node: toNode(doc) })),
    pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
  };
}
