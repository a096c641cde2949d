// Each test starts its own Campaign Monitor simulator, fake Ghost or nock with the same ids: the
// process-wide caches (custom-field definitions; the trigger's credential-derived values) and the
// published site syncs' claims must not carry one test's state into the next.
import { resetProcessState } from '../nodes/helpers/processState';

beforeEach(resetProcessState);
