import type {
	BatchOperation as AnyBatchOperation,
	ItemOperation as AnyItemOperation,
	ItemsOperation as AnyItemsOperation,
} from '../../helpers/operations/types';
import type { OperationContext } from '../operationContext';

export type {
	BatchResult,
	Classify,
	ItemOutcome,
	OutcomeKind,
} from '../../helpers/operations/types';

/** The Campaign Monitor node's operations: the common recipe with its operation context. */
export type ItemOperation = AnyItemOperation<OperationContext>;
export type BatchOperation = AnyBatchOperation<OperationContext>;
export type ItemsOperation = AnyItemsOperation<OperationContext>;

/** Every field of an operation shown for it (and its resource). */
export { showFor } from '../../helpers/operations/types';
