import type { CmDataType } from './cmFields';

export interface GhostFieldSpec {
	FieldName: string;
	DataType: CmDataType;
	/** Part of the default set the sync writes. */
	default: boolean;
}

/** The Campaign Monitor custom fields the Ghost sync writes (PRODUCT.md "Campaign Monitor fields"). */
export const GHOST_FIELDS: readonly GhostFieldSpec[] = [
	{ FieldName: 'ghost_status', DataType: 'Text', default: true },
	{ FieldName: 'ghost_signup_date', DataType: 'Date', default: true },
	{ FieldName: 'ghost_last_updated', DataType: 'Date', default: true },
	{ FieldName: 'ghost_status_changed_at', DataType: 'Date', default: true },
	{ FieldName: 'ghost_previous_status', DataType: 'Text', default: true },
	{ FieldName: 'ghost_labels', DataType: 'Text', default: true },
	{ FieldName: 'ghost_email_enabled', DataType: 'Text', default: true },
	{ FieldName: 'ghost_tiers', DataType: 'Text', default: false },
	{ FieldName: 'ghost_newsletters', DataType: 'Text', default: false },
];
