targetScope = 'subscription'

metadata description = 'NstFunctions: the neural style transfer pipeline as an isolated-worker Azure Functions app on Container Apps (azd template shape).'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource. With a GPU profile, pick a region that offers serverless GPUs.')
param location string

@description('Object id of the deployer (azd sets AZURE_PRINCIPAL_ID); gets data roles for uploads and secrets. Empty = none.')
param principalId string = ''

@allowed([ 'User', 'ServicePrincipal', 'Group' ])
param principalType string = 'User'

@description('The app image (registry/repository:tag). Empty on the first provision: a public placeholder runs until azd deploy sets ours.')
param functionImage string = ''

@allowed([
  ''
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
@description('Serverless GPU workload profile the app runs on; empty = none (the Consumption profile, CPU only).')
param gpuProfileType string = ''

@description('vCPU per replica as a decimal string; empty = 2.0 on Consumption, the whole profile (8 or 24) on a GPU profile.')
param functionCpu string = ''

@description('Memory per replica, e.g. 4Gi; empty = 4Gi on Consumption (2 GiB per vCPU), the whole profile (56Gi or 220Gi) on a GPU profile.')
param functionMemory string = ''

@minValue(0)
@description('Replicas kept running. Durable Task on Azure Storage does not scale Functions on Container Apps from zero, so 1 keeps jobs moving between drops; 0 stops the cost at idle but a long job then stalls until the next drop or request.')
param functionMinReplicas int = 1

@minValue(1)
@maxValue(300)
param functionMaxReplicas int = 10

@description('Nst__Model: the weights in the models container (put there by scripts/upload-model.sh after provisioning), a file in the image, or random:SEED.')
param model string = 'models/vgg19.safetensors'

@description('Nst__AllowRandomModel: let the app start in Azure with random:SEED (smoke tests only; results look far worse than with VGG19).')
param allowRandomModel bool = false

@minValue(5)
@maxValue(300)
@description('Nst__ChunkSeconds: the time a chunk aims at. At most half of host.json\'s functionTimeout, so a slow chunk still finishes and checkpoints.')
param chunkSeconds int = 30

@minValue(1)
@description('Nst__MaxPixels: the largest image accepted.')
param maxPixels int = 40000000

@description('Nst__Device: where the engine runs; auto takes the GPU when the replica has one, else the CPU.')
param device string = 'auto'

@description('Nst__Webhook__Url: default webhook for every job; empty = none.')
param webhookUrl string = ''

@secure()
@description('Standard Webhooks secret (whsec_ + base64 key bytes), stored in Key Vault; empty = webhooks are not signed.')
param webhookSecret string = ''

@description('Nst__Webhook__AllowPrivateNetworks: let per-job webhook URLs reach private and loopback addresses.')
param webhookAllowPrivateNetworks bool = false

@secure()
@description('Nst__ApiKey, stored in Key Vault; empty = no API key.')
param apiKey string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var gpuProfileName = 'gpu'
var workloadProfileName = empty(gpuProfileType) ? 'Consumption' : gpuProfileName
// A serverless GPU replica gets the whole profile: 8 vCPU / 56 GiB with a T4, 24 vCPU / 220 GiB with an A100.
var gpuReplicaSizes = {
  'Consumption-GPU-NC8as-T4': {
    cpu: '8.0'
    memory: '56Gi'
  }
  'Consumption-GPU-NC24-A100': {
    cpu: '24.0'
    memory: '220Gi'
  }
}
var replicaCpu = !empty(functionCpu) ? functionCpu : (empty(gpuProfileType) ? '2.0' : gpuReplicaSizes[gpuProfileType].cpu)
var replicaMemory = !empty(functionMemory) ? functionMemory : (empty(gpuProfileType) ? '4Gi' : gpuReplicaSizes[gpuProfileType].memory)
// A public Functions image keeps the first provision valid before our image exists in the registry.
var placeholderImage = 'mcr.microsoft.com/azure-functions/dotnet8-quickstart-demo:1.0'

// Storage Blob Data Owner: the host's own containers, the pipeline's blobs and the task hub's leases.
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
// Storage Queue Data Contributor: the nst-inbox trigger and the task hub's control and work-item queues.
var storageQueueDataContributorRoleId = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
// Storage Table Data Contributor: the task hub's instance and history tables.
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
// Storage Blob Data Contributor: the deployer uploads styles, drops and the model.
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
// Key Vault Secrets User: resolve the Key Vault references in app settings.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
// Key Vault Secrets Officer: the deployer rotates the webhook secret and API key.
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
// AcrPull: the function app pulls its image with the user-assigned identity.
var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

// Identity of the function app, created first so its roles exist before the app starts.
module identity 'core/security/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

// Storage account with shared keys off: every client uses Entra ID.
module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
  }
}

// Containers styles/inbox/outbox/jobs/models and the nst-inbox queue; Durable Task makes its own task hub.
module storageLayout 'app/storage-layout.bicep' = {
  name: 'storage-layout'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
  }
}

// Event Grid: BlobCreated under inbox/ → nst-inbox, delivered with the system topic's identity.
module eventGrid 'app/event-grid.bicep' = {
  name: 'event-grid'
  scope: rg
  params: {
    name: '${abbrs.eventGridSystemTopics}${resourceToken}'
    subscriptionName: '${abbrs.eventGridEventSubscriptions}inbox-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
  }
  dependsOn: [
    storageLayout
  ]
}

// Log Analytics workspace for the Container Apps environment and Application Insights.
module logAnalytics 'core/monitor/log-analytics.bicep' = {
  name: 'log-analytics'
  scope: rg
  params: {
    name: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    location: location
    tags: tags
  }
}

// Application Insights for the Functions host's and the worker's telemetry.
module appInsights 'core/monitor/application-insights.bicep' = {
  name: 'application-insights'
  scope: rg
  params: {
    name: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    logAnalyticsWorkspaceId: logAnalytics.outputs.id
  }
}

// Container Apps environment: the Consumption profile, plus a serverless GPU profile when one is asked for.
module containerAppsEnvironment 'core/host/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: rg
  params: {
    name: '${abbrs.appManagedEnvironments}${resourceToken}'
    location: location
    tags: tags
    logAnalyticsWorkspaceName: logAnalytics.outputs.name
    extraWorkloadProfiles: empty(gpuProfileType) ? [] : [
      {
        name: gpuProfileName
        workloadProfileType: gpuProfileType
      }
    ]
  }
}

// Container registry that azd pushes the app image to.
module registry 'core/host/container-registry.bicep' = {
  name: 'container-registry'
  scope: rg
  params: {
    name: '${abbrs.containerRegistryRegistries}${resourceToken}'
    location: location
    tags: tags
  }
}

// Key Vault (RBAC mode) holding the webhook secret and the API key.
module keyVault 'core/security/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
  }
}

// The webhook secret, when one is given.
module webhookSecretEntry 'core/security/key-vault-secret.bicep' = if (!empty(webhookSecret)) {
  name: 'webhook-secret'
  scope: rg
  params: {
    keyVaultName: keyVault.outputs.name
    secretName: 'nst-webhook-secret'
    value: webhookSecret
  }
}

// The API key, when one is given.
module apiKeyEntry 'core/security/key-vault-secret.bicep' = if (!empty(apiKey)) {
  name: 'api-key'
  scope: rg
  params: {
    keyVaultName: keyVault.outputs.name
    secretName: 'nst-api-key'
    value: apiKey
  }
}

// The app's identity on the storage account: blobs (leases included), queues and tables for the task hub.
module appStorageRoles 'core/security/storage-roles.bicep' = {
  name: 'app-storage-roles'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionIds: [
      storageBlobDataOwnerRoleId
      storageQueueDataContributorRoleId
      storageTableDataContributorRoleId
    ]
  }
}

// The app's identity reads the Key Vault references.
module appKeyVaultRoles 'core/security/key-vault-roles.bicep' = {
  name: 'app-key-vault-roles'
  scope: rg
  params: {
    keyVaultName: keyVault.outputs.name
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionIds: [
      keyVaultSecretsUserRoleId
    ]
  }
}

// The app's identity pulls its image.
module appRegistryRoles 'core/security/registry-roles.bicep' = {
  name: 'app-registry-roles'
  scope: rg
  params: {
    registryName: registry.outputs.name
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionIds: [
      acrPullRoleId
    ]
  }
}

// The deployer uploads the model, styles and drops with az --auth-mode login (the post-provision hook among them).
module deployerStorageRoles 'core/security/storage-roles.bicep' = if (!empty(principalId)) {
  name: 'deployer-storage-roles'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    principalId: principalId
    principalType: principalType
    roleDefinitionIds: [
      storageBlobDataContributorRoleId
      storageQueueDataContributorRoleId
    ]
  }
}

// The deployer rotates secrets in the vault.
module deployerKeyVaultRoles 'core/security/key-vault-roles.bicep' = if (!empty(principalId)) {
  name: 'deployer-key-vault-roles'
  scope: rg
  params: {
    keyVaultName: keyVault.outputs.name
    principalId: principalId
    principalType: principalType
    roleDefinitionIds: [
      keyVaultSecretsOfficerRoleId
    ]
  }
}

// The Functions host with our isolated worker, on the Container Apps environment.
module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: '${abbrs.webSitesFunctions}${resourceToken}'
    location: location
    tags: tags
    managedEnvironmentId: containerAppsEnvironment.outputs.id
    workloadProfileName: workloadProfileName
    image: !empty(functionImage) ? functionImage : placeholderImage
    registryLoginServer: registry.outputs.loginServer
    cpu: replicaCpu
    memory: replicaMemory
    minReplicas: functionMinReplicas
    maxReplicas: functionMaxReplicas
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.primaryEndpoints.blob
    storageQueueEndpoint: storage.outputs.primaryEndpoints.queue
    storageTableEndpoint: storage.outputs.primaryEndpoints.table
    applicationInsightsConnectionString: appInsights.outputs.connectionString
    model: model
    allowRandomModel: allowRandomModel
    chunkSeconds: chunkSeconds
    maxPixels: maxPixels
    device: device
    webhookUrl: webhookUrl
    webhookAllowPrivateNetworks: webhookAllowPrivateNetworks
    // Empty when no secret was given: the module then leaves the setting out.
    webhookSecretUri: webhookSecretEntry.?outputs.uri ?? ''
    apiKeySecretUri: apiKeyEntry.?outputs.uri ?? ''
  }
  // The identity's roles must exist before the host first touches storage, the vault or the registry.
  dependsOn: [
    storageLayout
    appStorageRoles
    appKeyVaultRoles
    appRegistryRoles
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.primaryEndpoints.blob
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.primaryEndpoints.queue
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.primaryEndpoints.table
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_URL string = functionApp.outputs.uri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.endpoint
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = containerAppsEnvironment.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_EVENT_GRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.name
output NST_WORKLOAD_PROFILE_NAME string = workloadProfileName
// Read by the post-provision hook (scripts/upload-model.sh): which blob of the models container to fill.
output NST_MODEL string = model
