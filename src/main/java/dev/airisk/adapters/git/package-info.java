/**
 * The registry as a bare Git repository, read and written with JGit and never checked out: reads
 * go from the commit's trees to blobs; writes insert new objects and move {@code refs/heads/main}
 * with a compare-and-swap, retrying the operation when another writer won. The history (commits
 * oldest first, each commit's tree and changed paths) is read from the same objects on demand.
 */
package dev.airisk.adapters.git;
