import { MemoryStore } from '../../functions/store/memory-store.ts';
import { describeSiteStore } from '../support/site-store-contract.ts';

describeSiteStore('MemoryStore', async () => ({ store: new MemoryStore() }));
