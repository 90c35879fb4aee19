// Drives the official Azure Storage JS clients (@azure/storage-blob, @azure/storage-queue) for interop tests.
// Usage: node storage-interop.cjs COMMAND ARGS...   (AZURE_STORAGE_CONNECTION_STRING names the account;
// NODE_PATH points at .tools/azurite/node_modules where scripts/azurite.sh installs the clients).
'use strict';
const crypto = require('crypto');
const { BlobServiceClient, StorageSharedKeyCredential, generateAccountSASQueryParameters,
  AccountSASPermissions, AccountSASServices, AccountSASResourceTypes } = require('@azure/storage-blob');
const { QueueServiceClient } = require('@azure/storage-queue');

const connectionString = process.env.AZURE_STORAGE_CONNECTION_STRING;
const blobs = () => BlobServiceClient.fromConnectionString(connectionString);
const queues = () => QueueServiceClient.fromConnectionString(connectionString);

// A deterministic byte pattern both sides can generate: byte i = (i * 31 + 7) mod 251.
function pattern(length) {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + 7) % 251;
  return bytes;
}

const commands = {
  async 'put-blob'(container, name, text) {
    const c = blobs().getContainerClient(container);
    await c.createIfNotExists();
    await c.getBlockBlobClient(name).upload(text, Buffer.byteLength(text),
      { metadata: { origin: 'js' }, blobHTTPHeaders: { blobContentType: 'text/plain' } });
  },
  async 'put-pattern'(container, name, length, blockSize) {
    const c = blobs().getContainerClient(container);
    await c.createIfNotExists();
    // maxSingleShotSize below the length forces a staged (multi-block) upload.
    await c.getBlockBlobClient(name).uploadData(pattern(Number(length)),
      { blockSize: Number(blockSize), maxSingleShotSize: Number(blockSize), concurrency: 2 });
  },
  async 'get-blob'(container, name) {
    const blob = blobs().getContainerClient(container).getBlobClient(name);
    const body = await blob.downloadToBuffer();
    const props = await blob.getProperties();
    const blocks = await blob.getBlockBlobClient().getBlockList('committed');
    console.log(JSON.stringify({
      text: body.toString('utf8'), sha256: crypto.createHash('sha256').update(body).digest('hex'),
      length: body.length, metadata: props.metadata, contentType: props.contentType,
      blocks: blocks.committedBlocks.length,
    }));
  },
  async 'send'(queue, text, encoding) {
    const q = queues().getQueueClient(queue);
    await q.createIfNotExists();
    await q.sendMessage(encoding === 'base64' ? Buffer.from(text, 'utf8').toString('base64') : text);
  },
  async 'receive'(queue) {
    const q = queues().getQueueClient(queue);
    const { receivedMessageItems: [m] } = await q.receiveMessages({ numberOfMessages: 1 });
    await q.deleteMessage(m.messageId, m.popReceipt);
    console.log(JSON.stringify({ messageText: m.messageText, dequeueCount: m.dequeueCount }));
  },
  async 'sas'() {
    const account = /AccountName=([^;]+)/.exec(connectionString)[1];
    const key = /AccountKey=([^;]+)/.exec(connectionString)[1];
    const sas = generateAccountSASQueryParameters({
      expiresOn: new Date(Date.now() + 3600 * 1000),
      permissions: AccountSASPermissions.parse('rwdlacup'),
      services: AccountSASServices.parse('bq').toString(),
      resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
      version: '2024-05-04',
    }, new StorageSharedKeyCredential(account, key));
    console.log(sas.toString());
  },
};

const [command, ...args] = process.argv.slice(2);
if (!commands[command]) {
  console.error(`unknown command '${command}'; expected one of ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
commands[command](...args).catch(err => { console.error(err.stack || String(err)); process.exit(1); });
