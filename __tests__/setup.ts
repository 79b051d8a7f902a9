// Adds the core's matchers (toHaveResourceWithProperties, toBeValidTerraform...) to expect, from whichever core the
// tests run on (core/index.ts): cdktf here, CDK Terrain in __tests__/core/other-core.int.test.ts.
import { coreModule } from '../core/family';

coreModule<{ setupJest(): void }>('lib/testing/adapters/jest').setupJest();
