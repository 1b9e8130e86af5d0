nugen documents list
