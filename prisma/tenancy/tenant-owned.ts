/**
 * Create data of a tenant model written without `userId`, typed as the generated client wants it.
 *
 * The generated types list `userId` as required on create, and an extension cannot change them;
 * at run time the tenancy extension stamps the context's tenant. This cast only states that, so
 * services never spell out a userId:
 *   db.generalMessage.create({ data: tenantOwned({ body: 'Kiddush after Musaf' }) })
 */
export function tenantOwned<T extends object>(data: T): T & { userId: string } {
  return data as T & { userId: string };
}
