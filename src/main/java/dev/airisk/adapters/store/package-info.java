/**
 * The artifact store: {@link dev.airisk.core.port.ArtifactStore} over a local folder
 * ({@link dev.airisk.adapters.store.LocalStore}) or an S3 bucket, on AWS or any S3-compatible server
 * ({@link dev.airisk.adapters.store.S3Store}, AWS SDK v2). Blobs live at
 * {@code sha256/<2 hex>/<62 hex>}; a put never overwrites (rename into place locally,
 * {@code If-None-Match: *} with the SHA-256 checksum on S3) and every read out of the store is
 * re-hashed ({@code BlobCopy}).
 *
 * <p>{@link dev.airisk.adapters.store.StoreProviders} picks the store by the location's scheme:
 * {@link dev.airisk.adapters.store.LocalStoreProvider} for a path or {@code file:} URI,
 * {@link dev.airisk.adapters.store.S3StoreProvider} for {@code s3://bucket/prefix}
 * ({@code S3Location}), connected as {@code S3Connection} says from the environment read once, with
 * the SDK's failures turned into one actionable line by {@code S3Errors}.
 */
package dev.airisk.adapters.store;
