"""Push through django-storages: an S3-compatible bucket per destination, or a folder on this server.

S3: one PutObject (or a multipart upload completed at the end) is atomic, so the object is written under its
final key. Folder: written under a temporary name, then renamed over the old file.
"""

import os
import posixpath

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.translation import gettext as _

from syndication.models import Destination
from syndication.transports import PushError, PushFile, PushResult

# S3 error codes that another try will not fix.
S3_PERMANENT_CODES = frozenset({
    "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "NoSuchBucket", "AllAccessDisabled",
    "InvalidBucketName", "AuthorizationHeaderMalformed", "EntityTooLarge", "PermanentRedirect",
})


def s3_storage(*, destination: Destination, content_type: str, timeout: float) -> Storage:
    from storages.backends.s3 import S3Storage

    return S3Storage(
        bucket_name=destination.bucket,
        endpoint_url=destination.endpoint_url or None,
        region_name=destination.region or None,
        # None: boto's own chain (environment, instance role) instead of the destination's keys.
        access_key=destination.access_key_id or None,
        secret_key=destination.secret("secret_access_key") or None,
        security_token=None,
        session_profile=None,
        file_overwrite=True,
        location="",
        default_acl=None,
        # An explicit type also stops the guess from the name, which labels a .gz file Content-Encoding: gzip.
        object_parameters={"ContentType": content_type},
        client_config=Config(
            connect_timeout=timeout, read_timeout=timeout,
            retries={"max_attempts": 1, "mode": "standard"},  # the delivery log does the retrying, visibly
            request_checksum_calculation="when_required", response_checksum_validation="when_required",
        ),
    )


def filesystem_storage() -> FileSystemStorage:
    # Admin users choose the folder: FileSystemStorage refuses any name that leaves this root.
    return FileSystemStorage(location=settings.PIM_DELIVERY_FILESYSTEM_ROOT, allow_overwrite=True)


def storage_push(*, destination: Destination, file: PushFile, timeout: float) -> PushResult:
    folder = destination.remote_path.strip("/")
    final = posixpath.join(folder, file.name) if folder else file.name
    try:
        if destination.kind == Destination.Kind.FILESYSTEM:
            storage = filesystem_storage()
            temporary = posixpath.join(folder, f".{file.name}.part") if folder else f".{file.name}.part"
            with file.path.open("rb") as stream:
                saved = storage.save(temporary, File(stream, name=temporary))
            os.replace(storage.path(saved), storage.path(final))
            return PushResult(bytes_sent=file.size)
        storage = s3_storage(destination=destination, content_type=file.content_type, timeout=timeout)
        with file.path.open("rb") as stream:
            saved = storage.save(final, File(stream, name=final))
        if saved != final:
            raise PushError(_("The bucket stored the file as %(saved)s instead of %(key)s.")
                            % {"saved": saved, "key": final}, retry=False)
        return PushResult(bytes_sent=file.size)
    except SuspiciousOperation:
        raise PushError(_("%(path)s leaves the destination's folder.") % {"path": final}, retry=False) from None
    except NoCredentialsError:
        raise PushError(_("No credentials for bucket %(bucket)s: set an access key on the destination or give the "
                          "worker its own.") % {"bucket": destination.bucket}, retry=False) from None
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        message = error.response.get("Error", {}).get("Message", "")
        raise PushError(_("Bucket %(bucket)s refused %(key)s: %(code)s (HTTP %(status)s) %(message)s")
                        % {"bucket": destination.bucket, "key": final, "code": code, "status": status,
                           "message": message},
                        retry=code not in S3_PERMANENT_CODES and (status is None or status >= 500 or status == 429)
                        ) from None
    except BotoCoreError as error:
        raise PushError(_("Cannot reach bucket %(bucket)s: %(reason)s") % {"bucket": destination.bucket,
                                                                           "reason": str(error)}, retry=True) from None
    except OSError as error:
        raise PushError(_("Writing %(path)s failed: %(reason)s") % {
            "path": final, "reason": error.strerror or str(error)}, retry=True) from None
