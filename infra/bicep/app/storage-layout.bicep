metadata description = 'The pipeline\'s containers and queues (DESIGN.md §3); the names equal Nst.Functions.Pipeline.PipelineNames.'

param storageAccountName string

// styles: the style library; inbox: drops; outbox: results; jobs: job records, checkpoints, previews; models: weights.
var containerNames = [
  'styles'
  'inbox'
  'outbox'
  'jobs'
  'models'
]

// Each queue with its -poison twin (the Functions host moves a message there after maxDequeueCount attempts).
var queueNames = [
  'nst-inbox'
  'nst-inbox-poison'
  'nst-chunks'
  'nst-chunks-poison'
  'nst-webhooks'
  'nst-webhooks-poison'
]

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Recover a job record or result deleted by mistake.
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
