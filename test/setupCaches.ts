// Each test starts its own Campaign Monitor simulator (or nock) with the same list ids: the
// process-wide custom-field cache must not carry one test's fields into the next.
import { fieldDefinitionCache } from '../nodes/shared/cmFieldCache';

beforeEach(() => fieldDefinitionCache.clear());
