/**
 * Type-level tests of the typed client's promise, checked by `npm run typecheck` (never run): a
 * `NamespaceClient<T>` of an `ApiNamespace` has exactly its methods, their parameters, and their
 * results wrapped in one Promise. Each `@ts-expect-error` line must fail to compile.
 */
import { ApiNamespace, type BlocksContext, Scope } from '@aws-blocks/blocks';
import { ApiNamespaceClient, type NamespaceClient } from '@blockyard/client';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const holds = <T extends true>(value: T): T => value;

interface Profile {
  username: string;
  createdAt: string;
}

export const api = new ApiNamespace(new Scope('types'), 'api', (_context: BlocksContext) => ({
  async getProfile(username: string): Promise<Profile> {
    return { username, createdAt: new Date(0).toISOString() };
  },
  add(a: number, b: number): number {
    return a + b;
  },
  tag(label: string, options?: { upper?: boolean }): string {
    return options?.upper ? label.toUpperCase() : label;
  },
  ping(): void {},
}));

type Client = NamespaceClient<typeof api>;

export function methodNames(client: Client): void {
  holds<Equal<keyof Client, 'getProfile' | 'add' | 'tag' | 'ping'>>(true);
  void client.ping();
  // @ts-expect-error a method the namespace does not have
  void client.getprofile('alice');
  // @ts-expect-error methods are read-only
  client.add = async () => 3;
}

export function parameters(client: Client): void {
  holds<Equal<Parameters<Client['add']>, [a: number, b: number]>>(true);
  holds<Equal<Parameters<Client['tag']>, [label: string, options?: { upper?: boolean }]>>(true);
  void client.tag('x');
  void client.tag('x', { upper: true });
  // @ts-expect-error a parameter of the wrong type
  void client.getProfile(42);
  // @ts-expect-error a missing parameter
  void client.add(1);
  // @ts-expect-error one parameter too many
  void client.ping(1);
  // @ts-expect-error an option the method does not take
  void client.tag('x', { lower: true });
}

export async function results(client: Client): Promise<void> {
  holds<Equal<ReturnType<Client['getProfile']>, Promise<Profile>>>(true);
  holds<Equal<ReturnType<Client['add']>, Promise<number>>>(true);
  holds<Equal<ReturnType<Client['ping']>, Promise<void>>>(true);
  const sum: number = await client.add(1, 2);
  void sum;
  // @ts-expect-error a sync method's result still arrives as a Promise
  const unawaited: number = client.add(1, 2);
  void unawaited;
  // @ts-expect-error the result type is kept, not widened
  const wrong: string = await client.add(1, 2);
  void wrong;
}

export function clientFactory(): void {
  const client = ApiNamespaceClient<typeof api>('api');
  holds<Equal<typeof client, Client>>(true);
  const untyped = ApiNamespaceClient('api');
  holds<Equal<keyof typeof untyped, string>>(true);
}
