metadata description = 'The pipeline\'s function app: Azure Functions on Container Apps running our isolated-worker image with a user-assigned identity.'

param name string
param location string = resourceGroup().location
param tags object = {}

@description('Resource id of the Container Apps environment.')
param managedEnvironmentId string

@description('Workload profile of the environment to run on: Consumption, or the GPU profile\'s name.')
param workloadProfileName string

@description('Full image reference (registry/repository:tag) of the app image.')
param image string

@description('Login server of the registry the image is pulled from (pulled with the identity: AcrPull).')
param registryLoginServer string

@description('vCPU per replica, as a decimal string (json() turns it into a number).')
param cpu string

@description('Memory per replica, e.g. 4Gi.')
param memory string

@minValue(0)
param minReplicas int

@minValue(1)
param maxReplicas int

param identityId string
param identityClientId string
param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string
param applicationInsightsConnectionString string

@description('Nst__Model: a models/… blob, a file path, or random:SEED.')
param model string

@description('Nst__AllowRandomModel: the app refuses random:SEED in Azure unless this is true.')
param allowRandomModel bool

@description('Nst__ChunkSeconds: the time one chunk aims at; well inside host.json\'s functionTimeout.')
param chunkSeconds int

@description('Nst__MaxPixels: largest image accepted.')
param maxPixels int

@description('Nst__Device: auto, or a device the engine names.')
param device string

@description('Nst__Webhook__Url: default webhook for every job; empty = none.')
param webhookUrl string

@description('Nst__Webhook__AllowPrivateNetworks.')
param webhookAllowPrivateNetworks bool

@description('Key Vault secret URI of the webhook secret; empty = no secret configured.')
param webhookSecretUri string

@description('Key Vault secret URI of the API key; empty = no API key configured.')
param apiKeySecretUri string

// Every app setting, in one place: tests/Functions.Tests/Infra checks these names against the code and the platform.
// A setting whose value is empty is left out, so the code sees it unset rather than empty.
var appSettings = {
  // The platform's: the Functions v4 host, the .NET isolated worker, telemetry, and where the image comes from.
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  DOCKER_REGISTRY_SERVER_URL: 'https://${registryLoginServer}'
  // Identity-based storage for the host, the triggers, the Durable task hub and our code (no connection string).
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // The app's own settings (NstSettings, section Nst).
  Nst__Model: model
  Nst__AllowRandomModel: allowRandomModel ? 'true' : 'false'
  Nst__ChunkSeconds: string(chunkSeconds)
  Nst__MaxPixels: string(maxPixels)
  Nst__Device: device
  // Operating limits at the code's defaults, set so an operator sees and can change them in one place.
  Nst__MaxChunkAttempts: '5'
  Nst__MaxUploadBytes: '104857600'
  Nst__MaxSize: '4096'
  Nst__MaxIterations: '30000'
  // Secrets never sit in app settings: Key Vault references, resolved with the user-assigned identity.
  Nst__ApiKey: empty(apiKeySecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${apiKeySecretUri})'
  Nst__Webhook__Url: webhookUrl
  Nst__Webhook__Secret: empty(webhookSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${webhookSecretUri})'
  Nst__Webhook__AllowPrivateNetworks: webhookAllowPrivateNetworks ? 'true' : 'false'
  Nst__Webhook__MaxAttempts: '20'
  Nst__Webhook__InitialBackoff: '00:00:05'
  Nst__Webhook__MaxBackoff: '00:10:00'
  Nst__Webhook__Timeout: '00:00:10'
}

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
      appSettings: map(filter(items(appSettings), setting => !empty(setting.value)), setting => {
        name: setting.key
        value: setting.value
      })
    }
  }
}

output id string = functionApp.id
output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
