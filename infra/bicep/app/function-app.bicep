metadata description = 'The pipeline\'s Functions host: Azure Functions on Container Apps running our custom-handler image with a user-assigned identity.'

param name string
param location string = resourceGroup().location
param tags object = {}

@description('Resource id of the Container Apps environment.')
param managedEnvironmentId string

@description('Workload profile of the environment to run on: Consumption, or the GPU profile\'s name.')
param workloadProfileName string

@description('Full image reference (registry/repository:tag) of the custom-handler image.')
param image string

@description('Login server of the registry the image is pulled from (pulled with the identity: AcrPull).')
param registryLoginServer string

@description('vCPU per replica, as a decimal string (json() turns it into a number).')
param cpu string

@description('Memory per replica, e.g. 4Gi; Container Apps requires 2 GiB per vCPU on Consumption.')
param memory string

@minValue(0)
param minReplicas int

@minValue(1)
param maxReplicas int

param identityId string
param identityClientId string
param storageAccountName string
param storageBlobEndpoint string
param storageQueueEndpoint string
param applicationInsightsConnectionString string

@description('Nst__Model: a file path, models/… blob, or random:SEED.')
param model string

@description('Nst__ChunkSeconds: one chunk\'s time budget; well inside host.json\'s functionTimeout.')
param chunkSeconds int

@description('Nst__MaxPixels: largest image accepted.')
param maxPixels int

@description('Nst__Webhook__Url: default webhook for every job; empty = none.')
param webhookUrl string

@description('Nst__Webhook__AllowPrivateNetworks.')
param webhookAllowPrivateNetworks bool

@description('Key Vault secret URI of the webhook secret; empty = no secret configured.')
param webhookSecretUri string

@description('Key Vault secret URI of the API key; empty = the API relies on the Functions host\'s keys.')
param apiKeySecretUri string

// Settings the Functions host and our code read; names are checked against the code by tests/Functions.Tests/Infra.
var hostSettings = [
  {
    name: 'FUNCTIONS_EXTENSION_VERSION'
    value: '~4'
  }
  {
    name: 'FUNCTIONS_WORKER_RUNTIME'
    value: 'custom'
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: applicationInsightsConnectionString
  }
  {
    name: 'DOCKER_REGISTRY_SERVER_URL'
    value: 'https://${registryLoginServer}'
  }
  // Identity-based host storage: read by the Functions host and by StorageConnection.FromSettings alike.
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccountName
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: storageBlobEndpoint
  }
  {
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: storageQueueEndpoint
  }
  {
    name: 'Nst__Model'
    value: model
  }
  {
    name: 'Nst__ChunkSeconds'
    value: string(chunkSeconds)
  }
  {
    name: 'Nst__MaxPixels'
    value: string(maxPixels)
  }
  // Equal to host.json's queues.maxDequeueCount: the last attempt fails the job instead of throwing.
  {
    name: 'Nst__MaxChunkAttempts'
    value: '5'
  }
  // The chunk lock's lease in seconds; renewed while a chunk runs.
  {
    name: 'Nst__LeaseSeconds'
    value: '60'
  }
  {
    name: 'Nst__Webhook__Url'
    value: webhookUrl
  }
  {
    name: 'Nst__Webhook__AllowPrivateNetworks'
    value: webhookAllowPrivateNetworks ? 'true' : 'false'
  }
]

// Secrets never sit in app settings: they are Key Vault references resolved with the user-assigned identity.
var webhookSecretSetting = empty(webhookSecretUri) ? [] : [
  {
    name: 'Nst__Webhook__Secret'
    value: '@Microsoft.KeyVault(SecretUri=${webhookSecretUri})'
  }
]

var apiKeySetting = empty(apiKeySecretUri) ? [] : [
  {
    name: 'Nst__ApiKey'
    value: '@Microsoft.KeyVault(SecretUri=${apiKeySecretUri})'
  }
]

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd finds the app to deploy the image to by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux,container,azurecontainerapps'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: managedEnvironmentId
    workloadProfileName: workloadProfileName
    resourceConfig: {
      cpu: json(cpu)
      memory: memory
    }
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'DOCKER|${image}'
      // Pull from the registry with the user-assigned identity instead of registry credentials.
      acrUseManagedIdentityCreds: true
      acrUserManagedIdentityID: identityId
      minimumElasticInstanceCount: minReplicas
      functionAppScaleLimit: maxReplicas
      appSettings: concat(hostSettings, webhookSecretSetting, apiKeySetting)
    }
  }
}

output id string = functionApp.id
output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
