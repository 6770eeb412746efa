import { ApiError, ApiNamespace, Scope } from '@aws-blocks/blocks';

const scope = new Scope('my-app');

const MAX_NAME_LENGTH = 100;

export const api = new ApiNamespace(scope, 'api', () => ({
  async greet(name: string) {
    if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH) {
      throw new ApiError(`name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`, 400, {
        name: 'InvalidParameterException',
      });
    }
    return { message: `Hello, ${name}!` };
  },
}));
