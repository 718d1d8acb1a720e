import type { PublishedDownload, PublishError } from '../server/downloads-store';
import { refusal } from '../server/hub-errors';
import type { Result } from '../../contracts/result';
import type { Published } from './console-api';

/**
 * A publish inside a console action's transaction: a refusal throws, so the transaction — the
 * audit row and any decision with it — rolls back and nothing changes.
 */
export function publishedOrRefuse(result: Result<PublishedDownload, PublishError>): Published {
  if (!result.ok)
    throw refusal('bad_request', `the download could not be signed: ${result.error.detail}`);
  return { kind: result.value.kind, scope: result.value.scope, version: result.value.version };
}
