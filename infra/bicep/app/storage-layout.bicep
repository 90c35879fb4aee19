metadata description = 'The pipeline\'s containers and its drop queue (DESIGN.md §3); the names equal Nst.Functions.Pipeline.PipelineNames. The Durable task hub (host.json: nst) creates its own queues, tables and lease blobs.'

param storageAccountName string

// styles: the style library; inbox: drops; outbox: results; jobs: checkpoints and previews; models: weights.
var containerNames = [
  'styles'
  'inbox'
  'outbox'
  'jobs'
  'models'
]

// nst-inbox: Event Grid's BlobCreated events for inbox/, read by the drop trigger; its -poison twin takes an event
// the trigger failed on maxDequeueCount times (the host would create it on first use; here it exists from the start).
var queueNames = [
  'nst-inbox'
  'nst-inbox-poison'
]

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Recover a result or checkpoint deleted by mistake.
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [for containerName in containerNames: {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [for queueName in queueNames: {
  parent: queueService
  name: queueName
}]

output containerNames string[] = containerNames
output queueNames string[] = queueNames
