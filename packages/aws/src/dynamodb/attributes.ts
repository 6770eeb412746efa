/** Name of the attribute DynamoDB's TTL reads (epoch seconds); the construct enables TTL on it. */
export const TTL_ATTRIBUTE = 'ttl';
/** The partition key: the KVStore table name. */
export const PARTITION_KEY = 'pk';
/** The sort key: the item key. */
export const SORT_KEY = 'sk';
