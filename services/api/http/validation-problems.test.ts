import { validationProblems } from './validation-problems';

describe('validationProblems', () => {
  it('names nested body fields, missing and unknown properties', () => {
    expect(
      validationProblems('body', [
        { keyword: 'required', instancePath: '/subscription/keys', schemaPath: '', params: { missingProperty: 'auth' } },
        { keyword: 'additionalProperties', instancePath: '', schemaPath: '', params: { additionalProperty: 'colour' } },
        { keyword: 'type', instancePath: '/user_ids/2', schemaPath: '', params: {}, message: 'must be string' },
      ]),
    ).toEqual([
      { field: 'body.subscription.keys.auth', reason: 'is required' },
      { field: 'body.colour', reason: 'is not a known field' },
      { field: 'body.user_ids[2]', reason: 'must be string' },
    ]);
  });

  it('explains patterns with the description and lists enum values', () => {
    const pattern = {
      keyword: 'pattern',
      instancePath: '/app',
      schemaPath: '',
      params: {},
      message: 'must match pattern',
      parentSchema: { description: 'an app name' },
    };
    const enumError = { keyword: 'enum', instancePath: '/priority', schemaPath: '', params: { allowedValues: ['LOW', 'HIGH'] } };
    expect(validationProblems('querystring', [pattern, enumError])).toEqual([
      { field: 'query.app', reason: 'must be an app name' },
      { field: 'query.priority', reason: 'must be one of LOW, HIGH' },
    ]);
  });
});
