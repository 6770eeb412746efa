// A backend exercising every type shape the spec generator maps; only its types are read.
import type { AuthActionInput } from '@blockyard/auth-common';
import { ApiNamespace, Scope } from '@blockyard/core';
import { z } from 'zod';

const scope = new Scope('kitchen');

/** A stored note. */
export interface Note {
  /** Identifier of the note. */
  id: string;
  title: string;
  tags: string[];
  createdAt: Date;
  archived?: boolean;
  parent: Note | null;
  priority: 'low' | 'high';
  location: [number, number];
  counts: Record<string, number>;
  _internal?: string;
}

/** Shapes a drawing is made of. */
export type Shape = { kind: 'circle'; radius: number } | { kind: 'square'; side: number };

interface Channel<T> {
  toJSON(): { __blocks: 'realtime/channel'; name: string };
  readonly sample?: T;
}

export const notes = new ApiNamespace(scope, 'notes', () => ({
  /** Creates a note. */
  async create(title: string, tags?: string[], pinned = false): Promise<Note> {
    return {
      id: '1',
      title,
      tags: tags ?? [],
      createdAt: new Date(),
      parent: null,
      priority: pinned ? 'high' : 'low',
      location: [0, 0],
      counts: {},
    };
  },
  async find(id: string): Promise<Note | null> {
    return id === '' ? null : null;
  },
  area(shape: Shape): number {
    return shape.kind === 'circle' ? Math.PI * shape.radius ** 2 : shape.side ** 2;
  },
  async byTag(): Promise<Map<string, Note[]>> {
    return new Map();
  },
  channel(): Channel<Note> {
    return { toJSON: () => ({ __blocks: 'realtime/channel', name: 'notes' }) };
  },
  /** @blocksSkipCodegen */
  debugDump(): string {
    return '';
  },
}));

/** A new todo, validated at run time. */
export const NewTodo = z.object({
  title: z.string(),
  done: z.boolean().optional(),
  tags: z.array(z.string()),
});

export const todos = new ApiNamespace(scope, 'todos', () => ({
  /** Adds a todo; the input is checked by the NewTodo schema. */
  add(input: unknown, note: string) {
    const todo = NewTodo.parse(input);
    return { ...todo, note };
  },
}));

// The whole cross-block action union: no block narrows it here.
export const gate = new ApiNamespace(scope, 'gate', () => ({
  act(input: AuthActionInput): boolean {
    return input.action !== 'signOut';
  },
}));

export const _hidden = new ApiNamespace(scope, 'hidden', () => ({
  secret(): string {
    return '';
  },
}));

export const notANamespace = { hello: () => 'world' };
