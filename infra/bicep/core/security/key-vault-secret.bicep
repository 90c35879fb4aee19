metadata description = 'One secret in an existing Key Vault; returns its version-less URI for Key Vault references.'

param keyVaultName string

@description('Secret name inside the vault (not a global name, so no resource token).')
param secretName string

@secure()
param value string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretName
  properties: {
    value: value
    contentType: 'text/plain'
  }
}

output name string = secret.name
// Version-less, so a rotated secret is picked up without redeploying the app.
output uri string = secret.properties.secretUri
